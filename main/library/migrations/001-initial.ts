import type { Migration } from './types.js';

/**
 * The first schema: the library of games and plays, the taxonomy, and the places where the
 * feature engine and training runs will keep their results. Times are seconds (REAL); ids are
 * INTEGER PRIMARY KEY; JSON columns end in `_json`; every timestamp is ISO-8601 UTC text.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up: `
    CREATE TABLE seasons (
      id          INTEGER PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE,
      created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );

    CREATE TABLE teams (
      id            INTEGER PRIMARY KEY,
      name          TEXT NOT NULL UNIQUE,
      abbreviation  TEXT,
      color         TEXT
    );

    CREATE TABLE play_types (
      id            TEXT PRIMARY KEY,
      ordinal       INTEGER NOT NULL UNIQUE,
      name          TEXT NOT NULL,
      color         TEXT NOT NULL,
      description   TEXT NOT NULL DEFAULT '',
      aliases_json  TEXT NOT NULL DEFAULT '[]'
    );

    -- A game appears once whatever its file is called: content_hash identifies the video.
    -- status 'importing' hides a game whose plays are still being written (crash safety).
    CREATE TABLE games (
      id            INTEGER PRIMARY KEY,
      season_id     INTEGER REFERENCES seasons(id) ON DELETE SET NULL,
      name          TEXT NOT NULL,
      date          TEXT,
      home_team_id  INTEGER REFERENCES teams(id),
      away_team_id  INTEGER REFERENCES teams(id),
      video_path    TEXT NOT NULL,
      content_hash  TEXT NOT NULL UNIQUE,
      duration_s    REAL NOT NULL CHECK (duration_s >= 0),
      fps           REAL NOT NULL CHECK (fps > 0),
      width         INTEGER NOT NULL CHECK (width > 0),
      height        INTEGER NOT NULL CHECK (height > 0),
      codec         TEXT,
      status        TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('importing', 'ready')),
      created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX games_by_season ON games(season_id, date);

    CREATE TABLE plays (
      id            INTEGER PRIMARY KEY,
      game_id       INTEGER NOT NULL REFERENCES games(id) ON DELETE CASCADE,
      start_s       REAL NOT NULL CHECK (start_s >= 0),
      end_s         REAL NOT NULL,
      play_type_id  TEXT NOT NULL REFERENCES play_types(id) ON UPDATE CASCADE,
      label_source  TEXT NOT NULL CHECK (label_source IN ('imported', 'analyst', 'model')),
      team_id       INTEGER REFERENCES teams(id),
      period        INTEGER,
      clock         TEXT,
      external_id   TEXT,
      tags_json     TEXT NOT NULL DEFAULT '[]',
      created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      CHECK (end_s > start_s),
      UNIQUE (game_id, start_s, end_s)
    );
    CREATE INDEX plays_by_type ON plays(play_type_id, game_id);

    -- A play sampled to T frames of S×S pixels, stored in the clip cache beside the library.
    CREATE TABLE clips (
      id          INTEGER PRIMARY KEY,
      play_id     INTEGER NOT NULL REFERENCES plays(id) ON DELETE CASCADE,
      frames      INTEGER NOT NULL CHECK (frames > 0),
      size        INTEGER NOT NULL CHECK (size > 0),
      path        TEXT NOT NULL,
      sha256      TEXT NOT NULL,
      created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      UNIQUE (play_id, frames, size)
    );

    CREATE TABLE weight_sets (
      id             INTEGER PRIMARY KEY,
      name           TEXT NOT NULL UNIQUE,
      source         TEXT NOT NULL CHECK (source IN ('imagenet', 'keras-h5', 'tfjs', 'trained', 'random', 'surgery')),
      format         TEXT NOT NULL CHECK (format IN ('keras-h5', 'tfjs')),
      path           TEXT NOT NULL,
      sha256         TEXT NOT NULL,
      metadata_json  TEXT NOT NULL DEFAULT '{}',
      created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );

    -- One row per backbone signature: weights hash, cut layer, pooling, frame size S, frames T.
    CREATE TABLE feature_sets (
      id             INTEGER PRIMARY KEY,
      signature      TEXT NOT NULL UNIQUE,
      weight_set_id  INTEGER REFERENCES weight_sets(id) ON DELETE SET NULL,
      weights_sha256 TEXT NOT NULL,
      cut_layer      TEXT NOT NULL,
      pooling        TEXT NOT NULL CHECK (pooling IN ('avg', 'max', 'grid', 'none')),
      size           INTEGER NOT NULL CHECK (size > 0),
      frames         INTEGER NOT NULL CHECK (frames > 0),
      dim            INTEGER NOT NULL CHECK (dim > 0),
      created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );

    -- Features of one clip under one signature: frames × dim float32, little-endian.
    CREATE TABLE features (
      clip_id         INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
      feature_set_id  INTEGER NOT NULL REFERENCES feature_sets(id) ON DELETE CASCADE,
      engine          TEXT NOT NULL,
      data            BLOB NOT NULL,
      created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      PRIMARY KEY (clip_id, feature_set_id)
    ) WITHOUT ROWID;
    CREATE INDEX features_by_set ON features(feature_set_id);

    CREATE TABLE models (
      id              INTEGER PRIMARY KEY,
      name            TEXT NOT NULL,
      spec_json       TEXT NOT NULL,
      feature_set_id  INTEGER REFERENCES feature_sets(id) ON DELETE SET NULL,
      created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );

    CREATE TABLE training_runs (
      id               INTEGER PRIMARY KEY,
      model_id         INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
      status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled')),
      engine           TEXT,
      split_json       TEXT NOT NULL DEFAULT '{}',
      checkpoint_path  TEXT,
      best_epoch       INTEGER,
      evaluation_json  TEXT,
      error            TEXT,
      started_at       TEXT,
      finished_at      TEXT,
      created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX training_runs_by_model ON training_runs(model_id);

    CREATE TABLE training_epochs (
      run_id        INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
      epoch         INTEGER NOT NULL CHECK (epoch >= 1),
      loss          REAL NOT NULL,
      accuracy      REAL NOT NULL,
      val_loss      REAL,
      val_accuracy  REAL,
      macro_f1      REAL,
      duration_s    REAL NOT NULL,
      PRIMARY KEY (run_id, epoch)
    ) WITHOUT ROWID;

    CREATE TABLE predictions (
      run_id              INTEGER NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
      play_id             INTEGER NOT NULL REFERENCES plays(id) ON DELETE CASCADE,
      play_type_id        TEXT NOT NULL REFERENCES play_types(id) ON UPDATE CASCADE,
      confidence          REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
      probabilities_json  TEXT NOT NULL,
      created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
      PRIMARY KEY (run_id, play_id)
    ) WITHOUT ROWID;
    CREATE INDEX predictions_by_play ON predictions(play_id);
    CREATE INDEX predictions_by_confidence ON predictions(run_id, confidence);
  `,
};
