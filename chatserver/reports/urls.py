from django.urls import path

from chatserver.reports import views

urlpatterns = [
    path("", views.report, name="reports"),
    path("<slug:name>.csv", views.export, name="reports-export"),
    path("transparency/", views.transparency_report, name="reports-transparency"),
]
