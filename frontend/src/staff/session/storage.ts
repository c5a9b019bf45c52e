/** Browser storage holds nothing personal; on sign-out it is emptied except for the language choice. */
import { LANGUAGE_STORAGE_KEY } from '@/locales';

export function readLanguageChoice(): string | null {
  return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
}

/** `languageChoice` is read before the logout call: its `Clear-Site-Data` answer may already have wiped it. */
export function clearBrowserStorage(languageChoice: string | null): void {
  window.localStorage.clear();
  window.sessionStorage.clear();
  if (languageChoice) window.localStorage.setItem(LANGUAGE_STORAGE_KEY, languageChoice);
}
