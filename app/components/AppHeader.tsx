import { NavLink, useSubmit } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  Button as AriaButton,
  Dialog,
  DialogTrigger,
  Header,
  Menu,
  MenuItem,
  MenuTrigger,
  Modal,
  ModalOverlay,
  Popover,
  Section,
} from "react-aria-components";
import { SectionNav, type NavGroup } from "./SectionNav";

export interface HeaderCompany {
  slug: string;
  name: string;
}

/**
 * The bar on every signed-in page: company switcher (a person may belong to several
 * companies), notifications and the person's own menu. The sections live in the
 * sidebar (AppShell); on phones the "Menu" button here opens the same list.
 */
export function AppHeader({
  current,
  companies,
  sections,
  userName,
  unread,
  tools,
}: {
  current?: HeaderCompany;
  companies: HeaderCompany[];
  sections: NavGroup[];
  userName: string;
  /** Unread notifications in the current company; the bell shows only inside one. */
  unread?: number;
  /** What a person reaches from every page of the company (the timer). */
  tools?: ReactNode;
}) {
  const submit = useSubmit();
  return (
    <header className="app-header">
      <div className="app-header-row">
        <DialogTrigger>
          <AriaButton className="switcher menu-button">
            <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
              <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
            <span className="menu-button-label">Menu</span>
          </AriaButton>
          <ModalOverlay isDismissable className="drawer-overlay">
            <Modal className="drawer">
              <Dialog aria-label="Menu" className="drawer-dialog">
                {({ close }) => (
                  <>
                    <AriaButton className="button button-quiet drawer-close" onPress={close}>
                      Close
                    </AriaButton>
                    <SectionNav groups={sections} onNavigate={close} />
                  </>
                )}
              </Dialog>
            </Modal>
          </ModalOverlay>
        </DialogTrigger>
        <a className="brand brand-small" href={current ? `/c/${current.slug}` : "/"}>
          Hourbook
        </a>
        {current ? (
          <MenuTrigger>
            <AriaButton className="switcher" aria-label={`Company: ${current.name}. Switch company`}>
              <span className="switcher-name">{current.name}</span>
              <span aria-hidden="true"> ▾</span>
            </AriaButton>
            <Popover className="popover">
              <Menu className="menu">
                <Section>
                  <Header className="menu-header">Your companies</Header>
                  {companies.map((company) => (
                    <MenuItem key={company.slug} href={`/c/${company.slug}`} className="menu-item">
                      {company.name}
                      {company.slug === current.slug ? <span className="visually-hidden"> (current)</span> : null}
                    </MenuItem>
                  ))}
                </Section>
              </Menu>
            </Popover>
          </MenuTrigger>
        ) : null}
        <div className="app-header-end">
          {tools}
          {current && unread !== undefined ? (
            <NavLink
              to={`/c/${current.slug}/notifications`}
              className="bell"
              aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5-6.71V3.5a2 2 0 0 0-4 0v.79A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor" />
              </svg>
              {unread ? <span className="bell-count" aria-hidden="true">{unread > 99 ? "99+" : unread}</span> : null}
            </NavLink>
          ) : null}
          <MenuTrigger>
            <AriaButton className="switcher" aria-label={`Account menu for ${userName}`}>
              <span className="avatar" aria-hidden="true">
                {initialsOf(userName)}
              </span>
              <span className="switcher-name">{userName}</span>
              <span aria-hidden="true"> ▾</span>
            </AriaButton>
            <Popover className="popover">
              <Menu className="menu">
                <MenuItem href="/account" className="menu-item">
                  Account and sessions
                </MenuItem>
                {/* Signing out is a POST (a link or prefetch must not sign anyone out). */}
                <MenuItem className="menu-item" onAction={() => submit(null, { method: "post", action: "/logout" })}>
                  Sign out
                </MenuItem>
              </Menu>
            </Popover>
          </MenuTrigger>
        </div>
      </div>
    </header>
  );
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((word) => Array.from(word)[0]!.toUpperCase()).join("") || "?";
}
