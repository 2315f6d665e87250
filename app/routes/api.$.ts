import { problem } from "~/routing/problems";

/** Any other path under /api answers as the API does, not with the site's HTML 404 page. */
const unknownPath = () => problem(404, "not-found", "No such API endpoint. See docs/api.md for the ones there are.");

export const loader = unknownPath;
export const action = unknownPath;
