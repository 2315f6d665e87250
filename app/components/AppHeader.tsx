import { Form, NavLink } from "@remix-run/react";
import { Button as AriaButton, Menu, MenuItem, MenuTrigger, Popover, Section, Header } from "react-aria-components";

export interface HeaderCompany {
  slug: string;
  name: string;
}

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/**
 * The bar on every signed-in page: company switcher (a person may belong to several
 * companies), the sections their role can use, and their own menu.
 */
export function AppHeader({
  current,
  companies,
  nav,
  userName,
  unread,
}: {
  current?: HeaderCompany;
  companies: HeaderCompany[];
  nav: NavItem[];
  userName: string;
  /** Unread notifications in the current company; the bell shows only inside one. */
  unread?: number;
}) {
  return (
    <header className="app-header">
      <div className="app-header-row">
        <a className="brand brand-small" href={current ? `/c/${current.slug}` : "/"}>
          Hourbook
        </a>
        {current ? (
          <MenuTrigger>
            <AriaButton className="switcher" aria-label={`Company: ${current.name}. Switch company`}>
              {current.name}
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
        <nav aria-label="Sections" className="app-nav">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="app-nav-link" prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-header-end">
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
              {userName}
              <span aria-hidden="true"> ▾</span>
            </AriaButton>
            <Popover className="popover">
              <Menu className="menu">
                <MenuItem href="/account" className="menu-item">
                  Account and sessions
                </MenuItem>
              </Menu>
            </Popover>
          </MenuTrigger>
          <Form method="post" action="/logout">
            <button type="submit" className="button button-quiet">
              Sign out
            </button>
          </Form>
        </div>
      </div>
    </header>
  );
}
