/**
 * The two teams a game's name gives, if it gives them: "Hawks @ Owls" (away @ home),
 * "Owls vs Suns" or "Game 001 (Owls vs Suns)" (home vs away, as broadcasters list them).
 */
export function teamsFromGameName(name: string): { home: string; away: string } | null {
  const inner = name.match(/\(([^()]+)\)\s*$/)?.[1] ?? name;
  const away = inner.match(/^\s*(.+?)\s+(?:@|at)\s+(.+?)\s*$/i);
  if (away) return { away: away[1]!, home: away[2]! };
  const versus = inner.match(/^\s*(.+?)\s+(?:vs\.?|v\.?)\s+(.+?)\s*$/i);
  if (versus) return { home: versus[1]!, away: versus[2]! };
  return null;
}
