/** Finds what would make a built HTML page reach the network when it loads. */

// Attributes that make the browser fetch on load: <script src>, <link href>, <img src>, <iframe src>,
// plus CSS @import and url(). Protocol-relative `//host/x` counts as external.
const LOADING_ATTRIBUTE = /<(script|link|img|iframe|source|embed|object)\b[^>]*?\s(src|href|data)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi;
const CSS_IMPORT = /@import\s+(?:url\()?\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi;

/** The external URLs an HTML page loads through markup or CSS (not URLs merely mentioned in scripts). */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(LOADING_ATTRIBUTE)) found.push(`<${match[1]} ${match[2]}=${match[3]}>`);
  for (const match of html.matchAll(CSS_IMPORT)) found.push(`@import ${match[1]}`);
  return found;
}
