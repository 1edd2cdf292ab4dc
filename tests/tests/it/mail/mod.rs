//! The mail adapter: the outgoing-mail folder, a real SMTP server, and the
//! account mails the worker sends.

mod account_mail;
mod folder;
mod once;
mod smtp;
