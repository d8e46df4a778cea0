import { useLocation } from 'react-router';
import { AREA_HOME, areaOfPath } from '../auth/areas';

/** The base path of the area the current page belongs to ('/seller', '/admin', …). */
export function useAreaBase(): string {
  return AREA_HOME[areaOfPath(useLocation().pathname)];
}
