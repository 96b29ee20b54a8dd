// Where to hover and click with the real (trusted) mouse: the centre of every vector
// element that is laid out inside the viewport, in this frame's coordinates.
// Argument: [scope, limit]. Returns [[x, y], ...] with no point twice.
([scope, limit]) => {
  const seen = new Set();
  const points = [];
  for (const [root, includeRoot] of cg.roots(scope)) {
    for (const el of cg.elements(root, includeRoot, 3000)) {
      if (points.length >= limit) return points;
      const rect = cg.getBoundingClientRect.call(el);
      if (rect.width < 1 || rect.height < 1) continue;
      const x = Math.round(rect.left + Math.min(rect.width, 40) / 2);
      const y = Math.round(rect.top + Math.min(rect.height, 20) / 2);
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const key = `${x},${y}`;
      if (seen.has(key)) continue;
      seen.add(key);
      points.push([x, y]);
    }
  }
  return points;
}
