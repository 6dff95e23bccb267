import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CreatedKey } from '../pagination/list-keys';

/** A message row as stored: `body` is ciphertext. */
export interface MessageRecord {
  id: string;
  consultationId: string;
  authorId: string;
  authorRole: string;
  body: string;
  internal: boolean;
  createdAt: Date;
}

const COLUMNS = `m.id, m.consultation_id AS "consultationId", m.author_id AS "authorId", m.author_role AS "authorRole",
  m.body, m.internal, m.created_at AS "createdAt"`;

/** Messages of a consultation (part of its aggregate; only reached through ConsultationMessagesService). */
@Injectable()
export class ConsultationMessageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    message: {
      id: string;
      consultationId: string;
      authorId: string;
      authorRole: string;
      bodyCiphertext: string;
      internal: boolean;
    },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MessageRecord> {
    const rows: MessageRecord[] = await manager.query(
      `INSERT INTO consultation_messages AS m (id, consultation_id, author_id, author_role, body, internal)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [
        message.id,
        message.consultationId,
        message.authorId,
        message.authorRole,
        message.bodyCiphertext,
        message.internal,
      ],
    );
    return rows[0];
  }

  /**
   * Oldest first, strictly after `after`; without internal notes unless `includeInternal`.
   * Served by the thread index (or its partial twin without internal notes).
   */
  async listThread(
    consultationId: string,
    options: { includeInternal: boolean; after?: CreatedKey; limit: number },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<MessageRecord[]> {
    const params: unknown[] = [consultationId, options.limit];
    let keyset = '';
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      keyset = 'AND (m.created_at, m.id) > ($3, $4)';
    }
    return manager.query(
      `SELECT ${COLUMNS} FROM consultation_messages m
       WHERE m.consultation_id = $1 ${options.includeInternal ? '' : 'AND NOT m.internal'} ${keyset}
       ORDER BY m.created_at, m.id
       LIMIT $2`,
      params,
    );
  }
}
