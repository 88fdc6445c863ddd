/** One line of a static token file: `token,user,uid,"group1,group2"`. */
export interface StaticToken {
  token: string;
  user: string;
  uid?: string;
  groups?: string[];
}

/** Splits one CSV record (RFC 4180 quoting: `"a,b"`, `""` for a quote), leading spaces trimmed. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('unterminated quoted field');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',') throw new Error(`extraneous text after a quoted field`);
    } else {
      const end = line.indexOf(',', i);
      field = end === -1 ? line.slice(i) : line.slice(i, end);
      i = end === -1 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

/**
 * Parses kube-apiserver's `--token-auth-file` format: a CSV with at least three columns
 * (token, user name, user uid) and optionally a fourth, the comma-separated groups (quoted).
 * Blank lines are skipped; a line with fewer columns is an error naming its line number.
 */
export function parseTokenFile(text: string): StaticToken[] {
  const tokens: StaticToken[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let fields: string[];
    try {
      fields = csvFields(line);
    } catch (error) {
      throw new Error(`token file line ${index + 1}: ${(error as Error).message}`);
    }
    if (fields.length < 3)
      throw new Error(
        `token file line ${index + 1}: must have at least 3 columns (token, user name, user uid), found ${fields.length}`,
      );
    const [token, user, uid, groups] = fields as [string, string, string, string | undefined];
    if (token === '') return;
    tokens.push({
      token,
      user,
      ...(uid !== '' ? { uid } : {}),
      ...(groups !== undefined && groups !== '' ? { groups: groups.split(',') } : {}),
    });
  });
  return tokens;
}
