// Pages, texts and product lines as the batch scripts compare them (merge-parts.mjs,
// add-topup.mjs, cap-product-lines.mjs).
import { readFileSync } from 'node:fs';

/** A page as known-sources.txt lists it: no fragment; a GitHub file under HEAD, whatever branch or commit it names. */
export const pageOf = (url) =>
  String(url)
    .split('#')[0]
    .replace(/^(https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/)[^/]+\//, '$1HEAD/');

/**
 * The pages of a file of URLs, one per line (known-sources.txt, a list of pages used today), or
 * of a batch's collected.json (its cases' sources: pages another batch took today).
 */
export const pagesIn = (file) =>
  file.endsWith('.json')
    ? JSON.parse(readFileSync(file, 'utf8')).cases.map((c) => pageOf(c.source))
    : readFileSync(file, 'utf8')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(pageOf);

/** Two texts are the same when they differ only in case and whitespace. */
export const textKey = (text) => String(text).replace(/\s+/g, ' ').trim().toLowerCase();

/** A product line: origins that share their first word (kiro, kiro-cli) are one. */
export const productLine = (c) =>
  String(c.origin ?? '')
    .toLowerCase()
    .split(/[-_ ]/)[0];

/** Why a collected case's page cannot be taken (not https, or in `used`: known or taken today), or undefined. */
export const pageProblem = (c, used) =>
  !/^https:\/\//.test(c.source ?? '') ? 'not an https page' : used.has(pageOf(c.source)) ? 'page known or used today' : undefined;
