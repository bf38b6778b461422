/**
 * Writing OTTL (the OpenTelemetry Transformation Language of the Collector's transform
 * processor) and the YAML around it, with the escaping layers done once, here:
 * a regex → an OTTL string literal (Go syntax) → a YAML scalar in which `$` is doubled so the
 * Collector's `${env:…}` expansion leaves it alone.
 */

/** An OTTL string literal: OTTL unquotes with Go's rules, which JSON's escapes satisfy. */
export function str(value: string): string {
  return JSON.stringify(value);
}

/** `span.cache["key"]`: scratch values of one span while its statements run. */
export function cache(key: string): string {
  return `span.cache[${str(key)}]`;
}

/** `span.attributes["key"]`. */
export function attr(key: string): string {
  return `span.attributes[${str(key)}]`;
}

/** Conditions joined with `and`, each parenthesised when it holds an `or`. */
export function and(...conditions: (string | undefined)[]): string {
  const parts = conditions.filter((c): c is string => c !== undefined && c !== '');
  return parts.map((c) => (/ or /.test(c) ? `(${c})` : c)).join(' and ');
}

/** Conditions joined with `or`. */
export function or(conditions: readonly string[]): string {
  return conditions.length === 1 ? (conditions[0] as string) : `(${conditions.join(' or ')})`;
}

/** A statement, with its condition when there is one. */
export function stmt(editor: string, condition?: string): string {
  return condition === undefined || condition === '' ? editor : `${editor} where ${condition}`;
}

/** `text` holds one of the literals (a prefilter before a regex runs). */
export function containsAny(text: string, literals: readonly string[]): string {
  return or(literals.map((k) => `Index(${text}, ${str(k)}) >= 0`));
}

/** Escapes a literal for a regex (RE2 syntax). */
export function regexLiteral(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

// ---- YAML ---------------------------------------------------------------------------------

/** A YAML value this writer emits: maps, lists, strings, numbers, booleans. */
export type Yaml = string | number | boolean | readonly Yaml[] | { readonly [key: string]: Yaml };

/** A YAML scalar: double-quoted (JSON's escapes are YAML's), `$` doubled for the Collector. */
function scalar(value: string | number | boolean, literalDollar: boolean): string {
  if (typeof value !== 'string') return String(value);
  const quoted = JSON.stringify(value);
  return literalDollar ? quoted.replace(/\$/g, '$$$$') : quoted;
}

function isMap(value: Yaml): value is { readonly [key: string]: Yaml } {
  return typeof value === 'object' && !Array.isArray(value);
}

/**
 * Block-style YAML. Strings are quoted; `$` is doubled except in values marked as Collector
 * `${env:…}` references (`envRef`), which must expand.
 */
export function toYaml(value: Yaml, indent = ''): string {
  if (isMap(value)) {
    const lines: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      const k = /^[A-Za-z0-9_./-]+$/.test(key) ? key : JSON.stringify(key);
      if (isMap(v) ? Object.keys(v).length === 0 : Array.isArray(v) && v.length === 0) {
        lines.push(`${indent}${k}: ${isMap(v) ? '{}' : '[]'}`);
      } else if (isMap(v) || Array.isArray(v)) {
        lines.push(`${indent}${k}:`, toYaml(v, `${indent}  `));
      } else {
        lines.push(`${indent}${k}: ${scalarOf(v as string | number | boolean)}`);
      }
    }
    return lines.join('\n');
  }
  if (Array.isArray(value)) {
    return (value as readonly Yaml[])
      .map((item) => {
        if (isMap(item) || Array.isArray(item)) {
          const body = toYaml(item, `${indent}  `);
          return `${indent}- ${body.slice(indent.length + 2)}`;
        }
        return `${indent}- ${scalarOf(item as string | number | boolean)}`;
      })
      .join('\n');
  }
  return `${indent}${scalarOf(value as string | number | boolean)}`;
}

/** Marks a string as a Collector `${env:NAME:-default}` reference: emitted with `$` intact. */
export function envRef(name: string, fallback: string): string {
  return `${ENV_MARK}\${env:${name}:-${fallback}}`;
}

const ENV_MARK = '\u0000env\u0000';

function scalarOf(value: string | number | boolean): string {
  if (typeof value === 'string' && value.startsWith(ENV_MARK)) return scalar(value.slice(ENV_MARK.length), false);
  return scalar(value, true);
}
