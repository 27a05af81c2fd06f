/** A moment in UTC on two lines (date, then time), so that tables of several stay narrow. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  const text = new Date(iso).toISOString();
  return (
    <time dateTime={text} className="stamp">
      {text.slice(0, 10)}
      <br />
      {text.slice(11, 19)} UTC
    </time>
  );
}
