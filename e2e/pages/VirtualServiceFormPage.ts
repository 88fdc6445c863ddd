import type { Locator, Page } from 'playwright-core';

type RouteKind = 'HTTP' | 'TCP';

/** The VirtualService editor's Form view, by roles and accessible names. */
export class VirtualServiceFormPage {
  constructor(readonly page: Page) {}

  route(kind: RouteKind, n: number): Locator {
    return this.page.getByRole('region', { name: `${kind} route ${n}`, exact: true });
  }

  weight(kind: RouteKind, route: number, destination: number): Locator {
    return this.route(kind, route).getByRole('spinbutton', {
      name: `Weight of destination ${destination}`,
      exact: true,
    });
  }

  addDestination(kind: RouteKind, route: number): Locator {
    return this.route(kind, route).getByRole('button', { name: 'Add destination', exact: true });
  }

  /** The kind select of a match's URI or method condition. */
  matchKind(route: number, match: number, field: 'URI' | 'Method'): Locator {
    return this.route('HTTP', route).getByRole('combobox', {
      name: `${field} of match ${match} match kind`,
      exact: true,
    });
  }

  matchValue(route: number, match: number, field: 'URI' | 'Method'): Locator {
    return this.route('HTTP', route).getByRole('textbox', {
      name: `${field} of match ${match} value`,
      exact: true,
    });
  }

  /** The error describing a control (its `aria-describedby`), or '' when it has none. */
  async errorOf(control: Locator): Promise<string> {
    const id = await control.getAttribute('aria-describedby');
    return id ? this.page.locator(`[id="${id}"]`).innerText() : '';
  }
}
