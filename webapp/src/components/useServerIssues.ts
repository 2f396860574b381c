import { useEffect, useState } from 'react';

import { ApiError, apiPost } from '../api/client';
import type { ConfigIssue } from '../api/client';

/** The server's errors and warnings for a config being edited, a moment after each edit. */
export function useServerIssues(config: string): ConfigIssue[] {
  const [issues, setIssues] = useState<ConfigIssue[]>([]);

  useEffect(() => {
    if (!config.trim()) return undefined;
    const timer = window.setTimeout(async () => {
      try {
        const answer = await apiPost<{ warnings?: ConfigIssue[] }>('/api/projects/validate/', {
          label_config: config,
        });
        setIssues(answer.warnings ?? []);
      } catch (caught) {
        if (caught instanceof ApiError && caught.body.issues) setIssues(caught.body.issues);
        else if (caught instanceof ApiError) {
          setIssues([{ severity: 'error', message: caught.message, line: null, column: null }]);
        }
      }
    }, 350);
    return () => window.clearTimeout(timer);
  }, [config]);

  return issues;
}
