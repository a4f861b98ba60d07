import { useEffect, useState } from "react";

/** False during the server render and before hydration: what works without JavaScript renders then. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
