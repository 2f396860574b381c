// The fields of a sampler's parameter form, read from the JSON schema the sampler
// publishes, and the values the form sends back.

export interface ParameterSchema {
  type?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  description?: string;
}

export interface SamplerInfo {
  name: string;
  title: string;
  description: string;
  aliases: string[];
  plugin: string;
  cost: string;
  parameters: { properties?: Record<string, ParameterSchema> };
}

export type FieldKind = 'choice' | 'number' | 'whole' | 'flag' | 'text';

export interface ParameterField {
  name: string;
  kind: FieldKind;
  options: string[];
  minimum?: number;
  maximum?: number;
  description: string;
  fallback: unknown;
}

function kindOf(schema: ParameterSchema): FieldKind {
  if (schema.enum) return 'choice';
  if (schema.type === 'integer') return 'whole';
  if (schema.type === 'number') return 'number';
  if (schema.type === 'boolean') return 'flag';
  return 'text';
}

export function parameterFields(sampler: SamplerInfo | undefined): ParameterField[] {
  const properties = sampler?.parameters.properties ?? {};
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    kind: kindOf(schema),
    options: schema.enum ?? [],
    minimum: schema.minimum,
    maximum: schema.maximum,
    description: schema.description ?? '',
    fallback: schema.default,
  }));
}

/** A sampler by its name or one of its aliases (Label Studio's "Uniform sampling"). */
export function findSampler(samplers: SamplerInfo[], chosen: string): SamplerInfo | undefined {
  return samplers.find((sampler) => sampler.name === chosen || sampler.aliases.includes(chosen));
}

/**
 * What a field's text becomes in the request: numbers for number fields, nothing for an
 * empty field (the sampler's default applies). A value that is not a number is sent as the
 * text it is, so that the server's message names it.
 */
export function parameterValue(field: ParameterField, text: string | boolean): unknown {
  if (typeof text === 'boolean') return text;
  if (text.trim() === '') return undefined;
  if (field.kind === 'number' || field.kind === 'whole') {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  return text;
}

export function parameterBody(
  fields: ParameterField[],
  texts: Record<string, string | boolean>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = parameterValue(field, texts[field.name] ?? '');
    if (value !== undefined) body[field.name] = value;
  }
  return body;
}
