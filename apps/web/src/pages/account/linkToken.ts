import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * The token of an emailed link (`#token=…`): read once from the address's fragment, then the
 * fragment is removed, so the token stays out of the browser's history, bookmarks and screenshots
 * of the address bar. A fragment never reaches a server (docs/accounts.md "Where the token is").
 */
export function useLinkToken(): string {
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get('token') ?? '');
  useEffect(() => {
    if (location.hash) void navigate(location.pathname, { replace: true });
  }, [location.hash, location.pathname, navigate]);
  return token;
}
