//! Small building blocks shared by the pages: form fields, banners, dialogs, page chrome, files.
mod attachments;
mod change_password;
mod clock;
mod conversation;
mod dialog;
mod field;
mod focus;
mod not_found;
mod notice;
mod page;
mod paged;

pub use attachments::{AttachmentList, ChosenFiles, DownloadButton, FILE_FIELD, FILE_RULES, FilePicker, FileRow};
pub use change_password::ChangePasswordForm;
pub use clock::{Cooldown, use_now};
pub use conversation::{Conversation, MessageDraft, ReplyBox, Transcript};
pub use dialog::Dialog;
pub use field::{CheckboxField, Checklist, FormErrors, SelectField, TextAreaField, TextField};
pub use focus::{focus, focus_first_invalid};
pub use not_found::{AppKind, NotFound};
pub use notice::{ErrorBanner, Flash, FlashMessage, Loaded, Loading};
pub use page::{Detail, PageHeader, PracticeMark};
pub use paged::{Paged, ShowMore};
