-- Contactverzoeken, the rest (issue 12, point 4). The twin in the other backend's folder
-- has the same name and meaning.
-- What kind of request: vraag (the form) | persvraag | signaal (the side panel's one-click
-- hand-overs to Communicatie and the newsroom). Requests stored before were all questions.
alter table contact_requests add column kind text not null default 'vraag';
-- The request is stored before the resident is told (expectation `pending`), so a resident
-- is never told about a request that does not exist; when telling fails the request says
-- why (expectation `failed`, a short reason without resident data).
alter table contact_requests add column expectation_problem text;
