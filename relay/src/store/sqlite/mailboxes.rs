//! Mailboxes, messages and receipts (SQLite).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::secrets::SaltedHash;
use crate::store::{Message, NewMessage, Receipt};

pub(super) fn create_mailbox(
    conn: &Connection,
    id: &str,
    token: &SaltedHash,
    at: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO mailboxes (id, token_salt, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, token.salt, token.hash, at],
    )?;
    Ok(())
}

pub(super) fn mailbox(conn: &Connection, id: &str) -> rusqlite::Result<Option<SaltedHash>> {
    conn.prepare_cached("SELECT token_salt, token_hash FROM mailboxes WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(SaltedHash {
                salt: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()
}

pub(super) fn post_message(conn: &mut Connection, m: &NewMessage) -> rusqlite::Result<Option<i64>> {
    let tx = conn.transaction()?;
    let seq: Option<i64> = tx
        .query_row(
            "UPDATE mailboxes SET message_seq = message_seq + 1 WHERE id = ?1 RETURNING message_seq",
            [&m.to],
            |r| r.get(0),
        )
        .optional()?;
    let Some(seq) = seq else {
        return Ok(None);
    };
    tx.execute(
        "INSERT INTO messages (mailbox_id, seq, message_id, sender_id, body, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![m.to, seq, m.message_id, m.from, m.body, m.at],
    )?;
    tx.commit()?;
    Ok(Some(seq))
}

/// Appends a receipt to the sender's feed.
fn add_receipt(
    tx: &Transaction<'_>,
    sender: &str,
    message_id: &str,
    kind: &str,
    at: i64,
) -> rusqlite::Result<()> {
    let seq: i64 = tx.query_row(
        "UPDATE mailboxes SET receipt_seq = receipt_seq + 1 WHERE id = ?1 RETURNING receipt_seq",
        [sender],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO receipts (sender_id, seq, message_id, kind, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![sender, seq, message_id, kind, at],
    )?;
    Ok(())
}

/// Marks a message delivered (once) and writes its receipt.
fn deliver(
    tx: &Transaction<'_>,
    mailbox: &str,
    message_id: &str,
    sender: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let changed = tx.execute(
        "UPDATE messages SET delivered_at = ?3
         WHERE mailbox_id = ?1 AND message_id = ?2 AND delivered_at IS NULL",
        params![mailbox, message_id, now],
    )?;
    if changed == 1 {
        add_receipt(tx, sender, message_id, "delivered", now)?;
    }
    Ok(())
}

pub(super) fn take_messages(
    conn: &mut Connection,
    mailbox: &str,
    after: i64,
    limit: i64,
    now: i64,
) -> rusqlite::Result<Vec<Message>> {
    let tx = conn.transaction()?;
    let messages = {
        let mut stmt = tx.prepare_cached(
            "SELECT seq, message_id, sender_id, body, received_at FROM messages
             WHERE mailbox_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?;
        stmt.query_map(params![mailbox, after, limit], |r| {
            Ok(Message {
                seq: r.get(0)?,
                message_id: r.get(1)?,
                from: r.get(2)?,
                body: r.get(3)?,
                received_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    for m in &messages {
        deliver(&tx, mailbox, &m.message_id, &m.from, now)?;
    }
    tx.commit()?;
    Ok(messages)
}

pub(super) fn mark_read(
    conn: &mut Connection,
    mailbox: &str,
    message_id: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    let found: Option<(String, Option<i64>)> = tx
        .query_row(
            "SELECT sender_id, read_at FROM messages WHERE mailbox_id = ?1 AND message_id = ?2",
            params![mailbox, message_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((sender, read_at)) = found else {
        return Ok(false);
    };
    if read_at.is_none() {
        // A message read without being fetched through the relay was still delivered.
        deliver(&tx, mailbox, message_id, &sender, now)?;
        tx.execute(
            "UPDATE messages SET read_at = ?3 WHERE mailbox_id = ?1 AND message_id = ?2",
            params![mailbox, message_id, now],
        )?;
        add_receipt(&tx, &sender, message_id, "read", now)?;
    }
    tx.commit()?;
    Ok(true)
}

pub(super) fn receipts(
    conn: &Connection,
    sender: &str,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, message_id, kind, at FROM receipts
         WHERE sender_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
    )?;
    stmt.query_map(params![sender, after, limit], |r| {
        Ok(Receipt {
            seq: r.get(0)?,
            message_id: r.get(1)?,
            kind: r.get(2)?,
            at: r.get(3)?,
        })
    })?
    .collect()
}
