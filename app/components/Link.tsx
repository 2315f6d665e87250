import { Link as AriaLink, type LinkProps } from "react-aria-components";

/**
 * The product's link. React Aria handles focus rings and press events; the
 * RouterProvider in root.tsx makes its hrefs client-side Remix navigations.
 */
export function Link({ className, ...props }: LinkProps & { className?: string }) {
  return <AriaLink {...props} className={["link", className].filter(Boolean).join(" ")} />;
}
