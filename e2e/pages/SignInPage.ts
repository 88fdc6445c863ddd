import type { Locator, Page } from 'playwright-core';
import { AppPage } from './AppPage.ts';

/** Sextant's sign-in page, the OpenID provider's login form, and the account corner of the app bar. */
export class SignInPage extends AppPage {
  readonly heading: Locator;
  readonly openIdButton: Locator;
  readonly signOutButton: Locator;
  readonly sessionEnded: Locator;

  constructor(
    page: Page,
    readonly baseUrl: string,
  ) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Sign in to Sextant' });
    this.openIdButton = page.getByRole('button', { name: 'Sign in with OpenID Connect' });
    this.signOutButton = page.getByRole('button', { name: 'Sign out' });
    this.sessionEnded = page.getByRole('dialog', { name: 'Your session has ended' });
  }

  signedInAs(name: string): Locator {
    return this.page.getByRole('group', { name: `Signed in as ${name}` });
  }

  /** Fills the test provider's login form (`@sextant/testkit/oidc`) on `page`. */
  static async providerLogin(page: Page, user: string, password = `${user}-password`): Promise<void> {
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** From any page of the app to signed in as `user`, through the provider's login page. */
  async signIn(user: string, path = '/'): Promise<void> {
    await this.page.goto(`${this.baseUrl}${path}`);
    await this.heading.waitFor();
    await this.openIdButton.click();
    await SignInPage.providerLogin(this.page, user);
    await this.signedInAs(`${user}@example.com`).waitFor();
  }
}
