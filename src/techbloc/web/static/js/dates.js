// Dates as the API takes them (ISO YYYY-MM-DD), and the slider's year → date rule.

export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const THIS_YEAR = new Date().getFullYear();

// A year on the slider stands for its last day (as the yearly indicators do), this year for today.
export function yearToDate(year) {
  return Number(year) >= THIS_YEAR ? todayIso() : `${year}-12-31`;
}

export function isIsoDate(text) {
  return /^\d{4}-\d{2}-\d{2}$/.test(text || "");
}
