// Distinct, readable hues for labels that set no `background` of their own.
const PALETTE = [
  '#4f46e5',
  '#0891b2',
  '#16a34a',
  '#d97706',
  '#db2777',
  '#7c3aed',
  '#dc2626',
  '#0d9488',
  '#65a30d',
  '#9333ea',
];

/** The colour of an option: its `background` attribute, else one picked by its position. */
export function optionColor(background: string | undefined, index: number): string {
  if (background) return background;
  return PALETTE[index % PALETTE.length] ?? '#4f46e5';
}

/** The colour with an alpha channel, for fills under text or over an image. */
export function withAlpha(color: string, alpha: number): string {
  const hex = color.trim().replace('#', '');
  if (!/^[0-9a-fA-F]{6}$/.test(hex)) return color;
  const red = parseInt(hex.slice(0, 2), 16);
  const green = parseInt(hex.slice(2, 4), 16);
  const blue = parseInt(hex.slice(4, 6), 16);
  return `rgba(${red}, ${green}, ${blue}, ${alpha})`;
}
