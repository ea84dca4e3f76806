// "Canonical formatting" for comparing Mesos JSON texts: insignificant whitespace removed,
// everything else (key order, number spelling such as 15.0, every int64 digit) kept as is.
// JSON.parse + JSON.stringify would not do: it loses int64 digits and the `.0`.
export function canonical(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c !== " " && c !== "\n" && c !== "\r" && c !== "\t") out += c;
  }
  return out;
}
