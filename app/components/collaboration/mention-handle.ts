/** "Ada Lovelace" → "ada.lovelace": one of the handles the server resolves (mentions.ts). */
export function mentionHandle(name: string): string {
  return name.trim().toLowerCase().split(/\s+/).join('.');
}
