"""The resident's account: sign-in, their page, profile, applications and letters."""

from django.urls import URLPattern, URLResolver, path

from . import account

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/sign-in/", account.sign_in, name="sign_in"),
    path("account/sign-in/code/", account.sign_in_code, name="sign_in_code"),
    path("account/sign-out/", account.sign_out, name="sign_out"),
    path("my/", account.account, name="account"),
    path("my/profile/", account.profile, name="profile"),
    path("my/profile/contact/", account.contact, name="profile_contact"),
    path("my/profile/contact/confirm/", account.contact_confirm, name="profile_contact_confirm"),
    path("my/sign-out-everywhere/", account.sign_out_everywhere, name="sign_out_everywhere"),
    path("my/applications/", account.my_applications, name="my_applications"),
    path("my/letters/", account.my_letters, name="my_letters"),
    path("my/letters/<int:pk>/", account.my_letter, name="my_letter"),
    path("my/add/", account.claim, name="claim"),
    path("my/data-access/", account.data_access, name="data_access"),
]
