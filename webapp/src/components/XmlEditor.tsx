import { useRef } from 'react';

import type { ConfigIssue } from '../api/client';

interface XmlEditorProps {
  value: string;
  onChange: (value: string) => void;
  issues: readonly ConfigIssue[];
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** A plain-text XML editor whose gutter marks the lines the server's issues point at. */
export function XmlEditor({ value, onChange, issues }: XmlEditorProps) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = value.split('\n').length;
  const severityByLine = new Map<number, ConfigIssue['severity']>();
  for (const issue of issues) {
    if (issue.line === null) continue;
    if (severityByLine.get(issue.line) !== 'error') severityByLine.set(issue.line, issue.severity);
  }

  const goTo = (issue: ConfigIssue) => {
    const element = textarea.current;
    if (!element || issue.line === null) return;
    const start = lineStart(value, issue.line);
    const end = value.indexOf('\n', start);
    element.focus();
    element.setSelectionRange(start, end < 0 ? value.length : end);
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
    element.scrollTop = Math.max(0, (issue.line - 3) * lineHeight);
  };

  return (
    <div className="xml-editor">
      <div className="xml-editor-body">
        <div className="xml-gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, index) => {
            const severity = severityByLine.get(index + 1);
            return (
              <div key={index} className={severity ? `gutter-${severity}` : undefined}>
                {index + 1}
              </div>
            );
          })}
        </div>
        <textarea
          ref={textarea}
          className="xml-text"
          spellCheck={false}
          aria-label="Label config (XML)"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onScroll={(event) => {
            if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Tab') return;
            event.preventDefault();
            const element = event.currentTarget;
            const { selectionStart, selectionEnd } = element;
            const next = `${value.slice(0, selectionStart)}  ${value.slice(selectionEnd)}`;
            onChange(next);
            requestAnimationFrame(() =>
              element.setSelectionRange(selectionStart + 2, selectionStart + 2),
            );
          }}
        />
      </div>
      {issues.length > 0 && (
        <ul className="issue-list">
          {issues.map((issue, index) => (
            <li key={index} className={`issue issue-${issue.severity}`}>
              <button type="button" onClick={() => goTo(issue)}>
                <span className="issue-where">
                  {issue.line !== null ? `Line ${issue.line}` : 'Config'}
                  {issue.column !== null && issue.line !== null ? `:${issue.column}` : ''}
                </span>
                <span className="issue-message">{issue.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
