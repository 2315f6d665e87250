/** What a search can find, in the order results of equal rank are listed. */
export const searchKinds = ["person", "project", "client", "task", "entry"] as const;

export type SearchKind = (typeof searchKinds)[number];
