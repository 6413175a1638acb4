export function Feeds() {
  return (
    <section aria-labelledby="feeds-title">
      <h2 id="feeds-title">Feeds</h2>
      <p>Machine-readable feeds for newsrooms, apps and other governments' systems.</p>
      <ul className="feed-links">
        <li><a href="/feeds/alerts.cap">Alerts as CAP 1.2</a></li>
        <li><a href="/feeds/alerts.atom">Alerts as Atom</a></li>
        <li><a href="/feeds/advisories.atom">Advisory changes as Atom</a></li>
        <li><a href="/api/advisories">All advisories as JSON</a></li>
      </ul>
    </section>
  );
}

export function Subscribe() {
  return (
    <>
      <h1>Stay informed</h1>
      <p className="lede">Get alerts for the places you travel to, and answer a check-in when something happens so your consular team knows you are safe.</p>
      <section aria-labelledby="enrol-title">
        <h2 id="enrol-title">Register your trip</h2>
        <p>Your consular team enrols you with your contact details and trips; you will get alerts by e-mail and SMS for the places and dates you give, with a personal check-in link.</p>
      </section>
      <Feeds />
    </>
  );
}
