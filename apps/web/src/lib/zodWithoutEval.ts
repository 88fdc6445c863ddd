import { z } from 'zod';

// The server's Content-Security-Policy has no 'unsafe-eval', so zod cannot compile its fast
// object parsers anyway; without this its `new Function` probe is still reported as a CSP
// violation. Imported first by main.tsx: zod runs the probe when the first object schema is built.
z.config({ jitless: true });
