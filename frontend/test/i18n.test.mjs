// Both translation files hold exactly the same keys, no empty texts, and the
// same {placeholders} per key, so no page ever shows a key or a hole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const i18nDir = join(here, '..', 'src', 'i18n');
const load = (name) => JSON.parse(readFileSync(join(i18nDir, name), 'utf8'));
const nl = load('nl.json');
const en = load('en.json');

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('nl.json and en.json have exactly the same keys', () => {
  const onlyNl = Object.keys(nl).filter((k) => !(k in en));
  const onlyEn = Object.keys(en).filter((k) => !(k in nl));
  assert.deepEqual(onlyNl, [], 'keys missing from en.json');
  assert.deepEqual(onlyEn, [], 'keys missing from nl.json');
});

test('no translation is empty', () => {
  for (const [name, messages] of [['nl', nl], ['en', en]]) {
    for (const [key, text] of Object.entries(messages)) {
      assert.equal(typeof text, 'string', `${name}:${key} is not a string`);
      assert.notEqual(text.trim(), '', `${name}:${key} is empty`);
    }
  }
});

test('both languages use the same placeholders', () => {
  for (const key of Object.keys(nl)) {
    assert.deepEqual(placeholders(en[key] ?? ''), placeholders(nl[key]), `placeholders differ in ${key}`);
  }
});

test('every key the code uses exists', () => {
  const used = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'gql') walk(path);
      } else if (/\.tsx?$/.test(entry.name)) {
        const source = readFileSync(path, 'utf8');
        for (const m of source.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
      }
    }
  };
  walk(join(here, '..', 'src'));
  assert.ok(used.size > 50, 'found the t() calls');
  const missing = [...used].filter((key) => !(key in nl));
  assert.deepEqual(missing, [], 'keys used in code but missing from nl.json');
});
