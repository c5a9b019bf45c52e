import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { logout } from './service';
import { clearBrowserStorage, readLanguageChoice } from './storage';

/** Signs out and forgets everything the console held for the user, even when the server call fails. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      const languageChoice = readLanguageChoice();
      try {
        await logout();
      } finally {
        await navigate('/login', { replace: true });
        queryClient.clear();
        clearBrowserStorage(languageChoice);
      }
    },
  });
}
