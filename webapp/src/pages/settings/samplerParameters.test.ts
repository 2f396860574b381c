import { describe, expect, it } from 'vitest';

import { findSampler, parameterBody, parameterFields } from './samplerParameters';
import type { SamplerInfo } from './samplerParameters';

const blend: SamplerInfo = {
  name: 'blend',
  title: 'Weighted blend',
  description: '',
  aliases: [],
  plugin: 'samplers',
  cost: 'index',
  parameters: {
    properties: {
      strategy: { enum: ['least_confident', 'margin'], default: 'least_confident' },
      pool: { type: 'integer', minimum: 1, maximum: 1000, default: 64 },
      random: { type: 'number', minimum: 0, default: 0.1 },
    },
  },
};
const random: SamplerInfo = { ...blend, name: 'random', aliases: ['Uniform sampling'] };

describe('sampler parameter forms', () => {
  it('makes one field per parameter, of the kind its schema says', () => {
    const fields = parameterFields(blend);

    expect(fields.map((field) => [field.name, field.kind])).toEqual([
      ['strategy', 'choice'],
      ['pool', 'whole'],
      ['random', 'number'],
    ]);
    expect(fields[1]).toMatchObject({ minimum: 1, maximum: 1000, fallback: 64 });
  });

  it('sends numbers as numbers, leaves empty fields to the default, keeps bad text', () => {
    const fields = parameterFields(blend);

    expect(parameterBody(fields, { strategy: 'margin', pool: '16', random: '' })).toEqual({
      strategy: 'margin',
      pool: 16,
    });
    expect(parameterBody(fields, { pool: 'lots' })).toEqual({ pool: 'lots' });
  });

  it("finds a sampler by Label Studio's name too", () => {
    expect(findSampler([blend, random], 'Uniform sampling')?.name).toBe('random');
    expect(findSampler([blend, random], 'nothing')).toBeUndefined();
  });
});
