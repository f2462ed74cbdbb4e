// Page object for the shell: header, navigation, sign-in page.
export class Shell {
  constructor(page) { this.page = page; }
  username() { return this.page.getByTestId('username'); }
  signOut() { return this.page.getByTestId('sign-out').click(); }
  signInButton() { return this.page.getByTestId('sign-in'); }
  signInNotice() { return this.page.getByTestId('sign-in-notice'); }
  nav() { return this.page.getByTestId('sidenav'); }
  breadcrumbs() { return this.page.getByTestId('breadcrumbs'); }
  namespaces() { return this.page.getByTestId('namespaces'); }
  repoRows() { return this.page.getByTestId('repo-row'); }
  repoFilter() { return this.page.getByTestId('repo-filter'); }
  /** The router-relative path the console shows (without its /console base). */
  async route() {
    const url = new URL(this.page.url());
    return url.pathname.replace(/^\/console/, '') + url.search;
  }
}
