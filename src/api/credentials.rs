//! The credentials MLflow requests carry, held in memory for the client. The hook `use_credentials` decides
//! what is stored; this module only makes sure the header goes to the configured MLflow origin and nowhere else.

use std::cell::RefCell;

use pulse_core::api::{goes_to_mlflow, ApiError, Credentials};

/// What the app does when MLflow asks for a login.
type SignInNeeded = Box<dyn Fn(ApiError)>;

thread_local! {
    static CURRENT: RefCell<Option<Credentials>> = const { RefCell::new(None) };
    static MLFLOW_URL: RefCell<String> = const { RefCell::new(String::new()) };
    static ON_SIGN_IN_NEEDED: RefCell<Option<SignInNeeded>> = const { RefCell::new(None) };
}

/// Sets (or with `None` clears) the credentials for MLflow at `mlflow_url` (`""`: the page's own origin).
pub fn set_credentials(mlflow_url: &str, credentials: Option<Credentials>) {
    MLFLOW_URL.with(|u| *u.borrow_mut() = mlflow_url.to_owned());
    CURRENT.with(|c| *c.borrow_mut() = credentials);
}

/// Called with the error whenever MLflow answers 401, so the app can show its sign-in form.
pub fn on_sign_in_needed(callback: impl Fn(ApiError) + 'static) {
    ON_SIGN_IN_NEEDED.with(|c| *c.borrow_mut() = Some(Box::new(callback)));
}

/// The `Authorization` value for a request to `url`: only when someone signed in and `url` is on MLflow's
/// origin.
pub(super) fn authorization_for(url: &str) -> Option<String> {
    let page_origin = web_sys::window()?.location().origin().ok()?;
    let mlflow_url = MLFLOW_URL.with(|u| u.borrow().clone());
    if !goes_to_mlflow(url, &mlflow_url, &page_origin) {
        return None;
    }
    CURRENT.with(|c| c.borrow().as_ref().map(|c| c.authorization.clone()))
}

/// Tells the app that MLflow asked for a login.
pub(super) fn sign_in_needed(error: &ApiError) {
    ON_SIGN_IN_NEEDED.with(|c| {
        if let Some(callback) = c.borrow().as_ref() {
            callback(error.clone());
        }
    });
}
