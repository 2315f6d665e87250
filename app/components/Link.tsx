import { Link as RemixLink, type LinkProps as RemixLinkProps } from "@remix-run/react";

/**
 * The product's in-app link. Remix's Link resolves relative hrefs against the
 * route that renders it ("invitations" on a company page, "?after=…" for the next
 * page) and prefetches on intent. React Aria components with an href (menu items)
 * navigate through the RouterProvider in root.tsx and take absolute paths.
 */
export interface LinkProps extends Omit<RemixLinkProps, "to"> {
  href: RemixLinkProps["to"];
}

export function Link({ href, className, prefetch = "intent", ...props }: LinkProps) {
  return <RemixLink {...props} to={href} prefetch={prefetch} className={["link", className].filter(Boolean).join(" ")} />;
}
