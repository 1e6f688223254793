// Saved briefings in SQLite: the content as one JSON document per briefing
// (points, figures, citations change together), with the title and times in
// columns for the sidebar list.
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import type { BriefingStore, SavedBriefing, SavedBriefingContent, SavedBriefingSummary } from "./types.js";

interface BriefingRow {
  id: string;
  topic: string;
  title: string;
  content: string;
  created_at: string;
  updated_at: string;
}

function toBriefing(row: BriefingRow): SavedBriefing {
  const content: SavedBriefingContent = JSON.parse(row.content);
  return { ...content, id: row.id, createdAt: row.created_at, updatedAt: row.updated_at };
}

export class SqliteBriefingStore implements BriefingStore {
  private lastStamp = 0;

  constructor(private readonly db: Database.Database) {}

  /** Strictly increasing times, so "most recently edited first" holds within one millisecond too. */
  private stamp(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  async list(): Promise<SavedBriefingSummary[]> {
    const rows = this.db.prepare<[], BriefingRow>("SELECT * FROM briefings ORDER BY updated_at DESC, rowid DESC").all();
    return rows.map((row) => {
      const { id, topic, title, createdAt, updatedAt, points } = toBriefing(row);
      return { id, topic, title, createdAt, updatedAt, points: points.length };
    });
  }

  async get(id: string): Promise<SavedBriefing | undefined> {
    const row = this.db.prepare<[string], BriefingRow>("SELECT * FROM briefings WHERE id = ?").get(id);
    return row ? toBriefing(row) : undefined;
  }

  async create(content: SavedBriefingContent): Promise<SavedBriefing> {
    const id = `b-${randomUUID()}`;
    const now = this.stamp();
    this.db
      .prepare("INSERT INTO briefings (id, topic, title, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(id, content.topic, content.title, JSON.stringify(content), now, now);
    return { ...content, id, createdAt: now, updatedAt: now };
  }

  async replace(id: string, content: SavedBriefingContent): Promise<SavedBriefing | undefined> {
    const now = this.stamp();
    const changed = this.db
      .prepare("UPDATE briefings SET topic = ?, title = ?, content = ?, updated_at = ? WHERE id = ?")
      .run(content.topic, content.title, JSON.stringify(content), now, id).changes;
    return changed === 0 ? undefined : this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare("DELETE FROM briefings WHERE id = ?").run(id).changes > 0;
  }
}
