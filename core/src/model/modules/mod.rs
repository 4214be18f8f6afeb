//! Optional modules as data: a [`ModuleTemplate`] says what a module asks and how it
//! scores; a [`ModuleInstance`] entry holds one person's answers. New modules are new
//! data, not new code.

mod builtin;
mod instance;
mod template;

pub use builtin::{builtin_template, builtin_templates};
pub use instance::{AnswerValue, ModuleInstance, ModuleScore, ModuleView};
pub use template::{ChoiceOption, FieldKind, ModuleField, ModuleTemplate, ScoreBand, ScoringRule};
