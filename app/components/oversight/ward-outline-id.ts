/**
 * Where a ward's outline is in its province's outlines file (docs/decisions/0083-lighter-ward-map.md):
 * the map refers to it as `<use href="OUTLINES#w-CODE">`. Its own module so the page's component
 * needs nothing of the geometry code (d3-geo, topojson stay on the server).
 */
export function outlineId(code: string): string {
  return `w-${code}`;
}
