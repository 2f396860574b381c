// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { ExportFormat } from './exportApi';
import { FormatList, firstApplicable } from './FormatList';

afterEach(cleanup);

function format(name: string, title: string, disabled = false, tags = ['common']): ExportFormat {
  return { name, title, description: `${title} files, described.`, tags, disabled };
}

const FORMATS = [
  format('JSON', 'JSON'),
  format('JSON_MIN', 'JSON-MIN'),
  format('COCO', 'COCO', true, ['image segmentation', 'object detection']),
];

describe('FormatList', () => {
  it('lists each format with its title, name and description, the chosen one checked', () => {
    render(<FormatList formats={FORMATS} chosen="JSON_MIN" onChoose={() => undefined} />);

    const radios = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((radio) => radio.value)).toEqual(['JSON', 'JSON_MIN', 'COCO']);
    const minimal = screen.getByRole('radio', { name: 'JSON-MIN' }) as HTMLInputElement;
    expect(minimal.checked).toBe(true);
    expect(screen.getByText('JSON_MIN')).toBeTruthy();
    expect(minimal.getAttribute('aria-describedby')).toBe('export-format-JSON_MIN');
    expect(document.getElementById('export-format-JSON_MIN')?.textContent).toBe(
      'JSON-MIN files, described.',
    );
  });

  it('greys out a format that does not fit, with the reason, and it cannot be chosen', () => {
    const chosen: string[] = [];
    render(<FormatList formats={FORMATS} chosen="JSON" onChoose={(name) => chosen.push(name)} />);
    const coco = screen.getByRole('radio', { name: 'COCO' }) as HTMLInputElement;

    expect(coco.disabled).toBe(true);
    expect(coco.closest('label')?.className).toContain('format-disabled');
    expect(screen.getByRole('radio', { name: 'COCO', description: /made for/ })).toBe(coco);
    expect(document.getElementById('export-format-COCO')?.textContent).toContain(
      "COCO cannot express this project's labeling config; it is made for image segmentation",
    );
    expect(screen.getByRole('radio', { name: 'JSON' }).getAttribute('aria-describedby')).toBe(
      'export-format-JSON',
    );
    expect(document.getElementById('export-format-JSON')?.textContent).not.toContain('cannot');

    fireEvent.click(screen.getByRole('radio', { name: 'JSON-MIN' }));
    expect(chosen).toEqual(['JSON_MIN']);
  });
});

describe('firstApplicable', () => {
  it('prefers JSON, else the first format that fits, else none', () => {
    expect(firstApplicable(FORMATS)).toBe('JSON');
    expect(firstApplicable([FORMATS[2] as ExportFormat, FORMATS[1] as ExportFormat])).toBe(
      'JSON_MIN',
    );
    expect(firstApplicable([FORMATS[2] as ExportFormat])).toBeNull();
  });
});
