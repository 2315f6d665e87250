import { NavLink } from "@remix-run/react";
import { useId } from "react";

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** Sections under a heading a person scans for (Track, Manage, Finance, …). */
export interface NavGroup {
  label: string;
  items: NavItem[];
}

/**
 * The sections a person's role can use, grouped. The same list serves the sidebar on
 * wide screens and the menu on phones; `onNavigate` lets the phone menu close itself.
 */
export function SectionNav({ groups, onNavigate }: { groups: NavGroup[]; onNavigate?: () => void }) {
  const id = useId();
  return (
    <nav aria-label="Sections" className="section-nav">
      {groups.map((group, index) => (
        <div key={group.label} className="section-nav-group">
          <p className="section-nav-label" id={`${id}-${index}`}>
            {group.label}
          </p>
          <ul aria-labelledby={`${id}-${index}`}>
            {group.items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="app-nav-link" prefetch="intent" onClick={onNavigate}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
