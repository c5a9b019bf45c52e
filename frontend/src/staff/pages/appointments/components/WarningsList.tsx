/** The server's warnings or problems about a booking, one per line. */
export function WarningsList({ warnings }: { warnings: string[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="appointment-warnings">
      {warnings.map((warning) => (
        <li key={warning}>{warning}</li>
      ))}
    </ul>
  );
}
