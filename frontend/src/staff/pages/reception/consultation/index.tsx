// Being built in this change: replaced by the page itself before the change lands.
export default function Page() {
  return null;
}
