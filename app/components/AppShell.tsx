import type { ReactNode } from "react";
import { AppHeader, type HeaderCompany } from "./AppHeader";
import { SectionNav, type NavGroup } from "./SectionNav";

/** Header, the sidebar of sections (wide screens) and the page. */
export function AppShell({
  current,
  companies,
  sections,
  userName,
  unread,
  tools,
  children,
}: {
  current?: HeaderCompany;
  companies: HeaderCompany[];
  sections: NavGroup[];
  userName: string;
  unread?: number;
  tools?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="shell">
      <AppHeader current={current} companies={companies} sections={sections} userName={userName} unread={unread} tools={tools} />
      <div className="shell-body">
        <aside className="sidebar">
          <SectionNav groups={sections} />
        </aside>
        <div className="shell-main">{children}</div>
      </div>
    </div>
  );
}
