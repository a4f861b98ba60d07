/**
 * Which pages wear the staff frame (StaffLayout: the staff header, no 113 strip, no
 * public footer) instead of the public one. Every page under these paths renders
 * StaffLayout, except signing in, which a resident may also land on from the footer.
 */
const STAFF_PAGES = /^\/(can-bo|giam-sat|quan-tri)(\/|$)/;
const PUBLIC_STAFF_PAGES = /^\/can-bo\/dang-nhap\/?$/;

export function usesStaffFrame(pathname: string): boolean {
  return STAFF_PAGES.test(pathname) && !PUBLIC_STAFF_PAGES.test(pathname);
}
