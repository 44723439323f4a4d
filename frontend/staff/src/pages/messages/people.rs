//! "Change people" on a conversation: who of the patient's portal accounts takes part, one
//! checkbox each, in a dialog over the thread. Someone removed stops seeing the conversation at
//! once; someone added sees all of it and is told a message is waiting (MSG-2).
use leptos::prelude::*;
use portico_types::messaging::{Participant, Thread};
use uuid::Uuid;

use crate::api::{self, use_client};
use crate::components::{Checklist, ErrorBanner, FormErrors};
use crate::format;

/// The field the API names in its errors (`account_ids`, `account_ids[i]`).
const FIELD: &str = "account_ids";

/// The dialog's form. `people` are the patient's portal accounts a thread can go to;
/// `taking_part` the accounts in it now. `saved` gets the thread as the API answers.
#[component]
pub fn ChangePeople(
    thread: Uuid,
    people: Vec<Participant>,
    taking_part: Vec<Uuid>,
    saved: Callback<Thread>,
    on_cancel: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let client = use_client();
    let errors = FormErrors::new("people");
    let before: Vec<Uuid> = people.iter().map(|p| p.account_id).filter(|id| taking_part.contains(id)).collect();
    let chosen = RwSignal::new(before.clone());
    let save = Action::new_local(move |ids: &Vec<Uuid>| api::messages::set_participants(client, thread, ids.clone()));
    errors.follow(save, move |updated| saved.run(updated));
    if people.is_empty() {
        return view! {
            <p class="empty">
                "No one has portal access for this patient any more. Send a portal invitation from the facesheet first."
            </p>
            <div class="form-actions">
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Close"
                </button>
            </div>
        }
        .into_any();
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let ids = chosen.get_untracked();
        let none = ids.is_empty();
        if !errors.require(&[(FIELD, none, "Choose at least one person. To end the conversation, close it instead.")]) {
            return;
        }
        if ids.len() == before.len() && ids.iter().all(|id| before.contains(id)) {
            // Nothing changed: close as Cancel would.
            on_cancel();
        } else {
            save.dispatch(ids);
        }
    };
    let items = people.into_iter().map(|p| (p.account_id, p.name, p.role.label().to_owned())).collect();
    let pending = save.pending();
    view! {
        <form class="stack" novalidate on:submit=submit>
            <ErrorBanner errors />
            <Checklist legend="Who takes part" field=FIELD items selected=chosen errors />
            <p class="hint">
                "Someone you remove stops seeing this conversation at once; someone you add sees all of it and is told a message is waiting."
            </p>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// What changed, in words: "Gus Rivera can now read this conversation." and/or "Maya Rivera no
/// longer sees this conversation."; nothing when no one came or went.
pub fn people_notice(before: &[Participant], after: &[Participant]) -> Option<String> {
    let missing = |from: &[Participant], among: &[Participant]| -> Vec<String> {
        from.iter().filter(|p| !among.iter().any(|q| q.account_id == p.account_id)).map(|p| p.name.clone()).collect()
    };
    let added = missing(after, before);
    let removed = missing(before, after);
    let mut told = Vec::new();
    if !added.is_empty() {
        told.push(format!("{} can now read this conversation.", format::and_list(&added)));
    }
    if !removed.is_empty() {
        let sees = if removed.len() == 1 { "sees" } else { "see" };
        told.push(format!("{} no longer {sees} this conversation.", format::and_list(&removed)));
    }
    (!told.is_empty()).then(|| told.join(" "))
}

#[cfg(test)]
mod tests {
    use portico_types::invitations::GrantRole;

    use super::*;

    fn person(n: u128, name: &str) -> Participant {
        Participant { account_id: Uuid::from_u128(n), name: name.to_owned(), role: GrantRole::Guardian }
    }

    #[test]
    fn the_notice_names_who_came_and_who_went() {
        let (maya, gus, ann) = (person(1, "Maya Rivera"), person(2, "Gus Rivera"), person(3, "Ann Lee"));
        assert_eq!(
            people_notice(&[maya.clone()], &[gus.clone()]).as_deref(),
            Some("Gus Rivera can now read this conversation. Maya Rivera no longer sees this conversation.")
        );
        assert_eq!(
            people_notice(&[maya.clone()], &[maya.clone(), gus.clone(), ann.clone()]).as_deref(),
            Some("Gus Rivera and Ann Lee can now read this conversation.")
        );
        assert_eq!(
            people_notice(&[maya.clone(), gus.clone(), ann.clone()], &[ann.clone()]).as_deref(),
            Some("Maya Rivera and Gus Rivera no longer see this conversation.")
        );
        assert_eq!(people_notice(&[maya.clone(), gus.clone()], &[gus, maya]), None);
    }
}
