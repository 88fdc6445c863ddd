import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createQueryClient } from './api/queryClient.ts';
import { AppShell } from './components/AppShell.tsx';
import { NamespacesPage } from './features/namespaces/NamespacesPage.tsx';

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AppShell>
        <NamespacesPage />
      </AppShell>
    </QueryClientProvider>
  );
}
