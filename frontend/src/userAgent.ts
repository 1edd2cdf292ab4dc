/**
 * A browser's user-agent string in words a person recognises: the browser and
 * the system, e.g. { browser: 'Chrome', system: 'Linux' }. Unknown parts are
 * null; the order of the checks matters (Edge and Opera also say "Chrome",
 * Chrome also says "Safari", Android also says "Linux").
 */
export function describeUserAgent(ua: string | null | undefined): { browser: string | null; system: string | null } {
  if (!ua) return { browser: null, system: null };
  const browsers: [RegExp, string][] = [
    [/Edg(e|A|iOS)?\//, 'Edge'],
    [/OPR\/|Opera/, 'Opera'],
    [/SamsungBrowser\//, 'Samsung Internet'],
    [/Firefox\/|FxiOS\//, 'Firefox'],
    [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
    [/Safari\//, 'Safari'],
  ];
  const systems: [RegExp, string][] = [
    [/Android/, 'Android'],
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ];
  return {
    browser: browsers.find(([re]) => re.test(ua))?.[1] ?? null,
    system: systems.find(([re]) => re.test(ua))?.[1] ?? null,
  };
}
