import { Link } from "./Link";
import { Notice } from "./Notice";

/**
 * Recovery codes, shown once: they are stored only as hashes, so this page is the
 * only place they can be read. A plain list, so copying or printing keeps one per line.
 */
export function RecoveryCodes({ codes, notice, continueTo }: { codes: string[]; notice: string; continueTo: string }) {
  return (
    <section className="card stack" aria-labelledby="recovery-heading">
      <Notice tone="success">{notice}</Notice>
      <h2 id="recovery-heading">Your recovery codes</h2>
      <p>
        Each code signs you in once if you lose your phone. Keep them somewhere safe, such as a password manager: this is the
        only time they are shown.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <Link href={continueTo}>I have saved my recovery codes</Link>
      </p>
    </section>
  );
}
