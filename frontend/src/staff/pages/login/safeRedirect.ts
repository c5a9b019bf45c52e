/** Only paths inside the console may follow a login; anything else (other sites, //host) goes home. */
export function safeRedirect(target: string | null): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return '/';
  return target;
}
