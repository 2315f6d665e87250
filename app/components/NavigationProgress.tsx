import { useNavigation } from "@remix-run/react";

/**
 * A thin bar at the top of the window while a page loads or a form submits, so a
 * click never looks ignored. It fades in after a short delay (in CSS) so fast
 * navigations don't flicker.
 */
export function NavigationProgress() {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div className="navigation-progress" data-busy={busy || undefined}>
      {busy ? (
        <div role="progressbar" aria-label={navigation.state === "submitting" ? "Saving" : "Loading page"} className="navigation-progress-bar" />
      ) : null}
    </div>
  );
}
